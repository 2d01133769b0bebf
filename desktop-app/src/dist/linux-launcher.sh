#!/usr/bin/env bash
# EM Lab's launcher in the Linux app image (and the .deb's /opt/emlab/bin/emlab):
#   emlab                  opens the window
#   emlab SUBCOMMAND ...   runs the headless CLI (emlab --help lists the subcommands)
# Extra JVM options can be given in EMLAB_JAVA_OPTS.
#
# desktop-app/src/dist/jpackage.sh puts this script in place of jpackage's own launcher, which asks rpm and then dpkg
# which package owns it at every start (0.1-0.5 s on Debian and Ubuntu before Java starts) and gives every command
# the window's options. It starts the image's Java runtime with the choices of the repository's ./emlab: for the
# window JavaFX on the module path and the window's compiler directives; for the headless commands no JavaFX
# modules, the throughput collector (unless EMLAB_JAVA_OPTS names a collector) and the headless directives.
#
# Class-data archives: lib/app/emlab-cli.jsa for the headless commands and lib/app/emlab-window.jsa for the window
# (without the latter the window maps the former), each dumped from the class list beside it, which jpackage.sh
# recorded from a training run. An archive holds the jars' paths, so it is made where the image lies: when the image
# is built, by the .deb's postinst where it is installed, and after the image was copied elsewhere, where the folder
# is writable, once: the headless one before the first headless command (a few seconds), the window's after the
# first window has closed. A JVM that cannot use an archive starts without it, only slower. EMLAB_DUMP_ARCHIVE=1
# writes both and exits (jpackage.sh, postinst).
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
root=$(cd "$(dirname "$self")/.." && pwd)
app="$root/lib/app"
java="$root/lib/runtime/bin/java"
cp=""
for jar in @JARS@; do
  cp="${cp:+$cp:}$app/$jar"
done
directives=(-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput)
gc=(-XX:+UseParallelGC)
case " ${EMLAB_JAVA_OPTS:-} " in
  *" -XX:+Use"*"GC "*) gc=() ;;  # a collector named in EMLAB_JAVA_OPTS: two would stop the JVM at its start
esac
fx=(--module-path "$app/javafx" --add-modules javafx.controls)
quiet=(-Xlog:cds=off -Xlog:cds+dynamic=off)

# true when the file $1 names this folder (the archive was made here, or failed here)
made_here() {
  [ -f "$1" ] || return 1
  local where=""
  read -r where < "$1" || true
  [ "$where" = "$app" ]
}

# dump NAME OPTIONS...: archive lib/app/NAME.jsa from lib/app/NAME.classlist with the JVM options of the JVMs that map
# it; true when written. A failure is remembered, so that it is not tried at every start.
dump() {
  local name="$1"
  shift
  local part="$app/$name.jsa.$$"
  if "$java" -Xshare:dump -XX:SharedClassListFile="$app/$name.classlist" -XX:SharedArchiveFile="$part" "${quiet[@]}" \
       "$@" -cp "$cp" >/dev/null 2>&1 && [ -s "$part" ] && mv -f "$part" "$app/$name.jsa"; then
    printf '%s\n' "$app" > "$app/$name.jsa.where"
    rm -f "$app/$name.jsa.failed"
    return 0
  fi
  rm -f "$part"
  { printf '%s\n' "$app" > "$app/$name.jsa.failed"; } 2>/dev/null
  return 1
}

# dump_archive NAME: archive NAME (emlab-cli or emlab-window) with the options of the JVMs that map it
dump_archive() {
  if [ "$1" = emlab-cli ]; then
    dump "$1" "${gc[@]+"${gc[@]}"}"
  else
    dump "$1" "${fx[@]}"
  fi
}

# true when archive NAME has a class list and was neither made nor tried for this folder, which is writable
wanted() {
  [ -f "$app/$1.classlist" ] && [ -w "$app" ] && ! made_here "$app/$1.jsa.where" && ! made_here "$app/$1.jsa.failed"
}

if [ -n "${EMLAB_DUMP_ARCHIVE:-}" ]; then
  status=0
  for name in emlab-cli emlab-window; do
    if [ -f "$app/$name.classlist" ]; then
      dump_archive "$name" || status=1
    fi
  done
  exit $status
fi

case "${1:-}" in
  -h|--help|-V|--version) window=false ;;
  ""|-*) window=true ;;
  *) window=false ;;
esac
cds=()
if [ "$window" = true ]; then
  for name in emlab-window emlab-cli; do
    if [ -f "$app/$name.jsa" ]; then
      cds=(-XX:SharedArchiveFile="$app/$name.jsa" "${quiet[@]}")
      break
    fi
  done
  window_jvm=("$java" "${directives[@]}" -XX:CompilerDirectivesFile="$app/jvm/window-compiler.json" "${cds[@]+"${cds[@]}"}")
  if wanted emlab-window; then
    # the image was moved here: the window opens at once, and its archive is written once it has closed
    status=0
    # shellcheck disable=SC2086
    "${window_jvm[@]}" ${EMLAB_JAVA_OPTS:-} "${fx[@]}" -cp "$cp" org.emlab.app.Launcher "$@" || status=$?
    echo "EM Lab: writing the window's class-data archive (once in a new folder; a few seconds) ..." >&2
    dump_archive emlab-window || true
    exit "$status"
  fi
  # shellcheck disable=SC2086
  exec "${window_jvm[@]}" ${EMLAB_JAVA_OPTS:-} "${fx[@]}" -cp "$cp" org.emlab.app.Launcher "$@"
fi
if wanted emlab-cli; then
  dump_archive emlab-cli || true  # the image was moved here: a few seconds, once
fi
if [ -f "$app/emlab-cli.jsa" ]; then
  cds=(-XX:SharedArchiveFile="$app/emlab-cli.jsa" "${quiet[@]}")
fi
# shellcheck disable=SC2086
exec "$java" "${directives[@]}" -XX:CompilerDirectivesFile="$app/jvm/headless-compiler.json" \
  "${cds[@]+"${cds[@]}"}" "${gc[@]+"${gc[@]}"}" ${EMLAB_JAVA_OPTS:-} -cp "$cp" org.emlab.app.Launcher "$@"
