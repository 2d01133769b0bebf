#!/bin/sh
# EM Lab's launcher in the Linux app image (and the .deb's /opt/emlab/bin/emlab):
#   emlab                  opens the window
#   emlab SUBCOMMAND ...   runs the headless CLI (emlab --help lists the subcommands)
# Extra JVM options can be given in EMLAB_JAVA_OPTS.
#
# desktop-app/src/dist/jpackage.sh puts this script in place of jpackage's own launcher, which asks rpm and then dpkg
# which package owns it at every start (0.1-0.5 s on Debian and Ubuntu before Java starts) and gives every command
# the window's options. It starts the image's Java runtime with the choices of the repository's ./emlab: for the
# window JavaFX on the module path and the window's compiler directives; for the headless commands no JavaFX
# modules, the throughput collector (unless EMLAB_JAVA_OPTS names a collector) and the headless directives; for both
# the class-data archive lib/app/emlab-cli.jsa (the JDK's and the engine's classes). The archive holds the jars'
# paths, so it is made where the image lies: when the image is built, by the .deb's postinst where it is installed,
# and by the first headless command after the image was copied elsewhere (a few seconds, once, where the folder is
# writable; a JVM that cannot use an archive starts without it, only slower). EMLAB_DUMP_ARCHIVE=1 writes it and
# exits (jpackage.sh, postinst).
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
root=$(cd "$(dirname "$self")/.." && pwd)
app="$root/lib/app"
java="$root/lib/runtime/bin/java"
cp=""
for jar in @JARS@; do
  cp="${cp:+$cp:}$app/$jar"
done
directives="-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput"
gc="-XX:+UseParallelGC"
case " ${EMLAB_JAVA_OPTS:-} " in
  *" -XX:+Use"*"GC "*) gc="" ;;  # a collector named in EMLAB_JAVA_OPTS: two would stop the JVM at its start
esac
archive="$app/emlab-cli.jsa"

# true when the file $1 names this folder (the archive was made here, or failed here)
made_here() {
  [ -f "$1" ] || return 1
  where=""
  read -r where < "$1" || true
  [ "$where" = "$app" ]
}

dump_archive() {  # the headless archive from the class list, for the jars where they lie now; true when written
  part="$archive.$$"
  # shellcheck disable=SC2086
  if "$java" -Xshare:dump -XX:SharedClassListFile="$app/emlab-cli.classlist" -XX:SharedArchiveFile="$part" \
       -Xlog:cds=off -Xlog:cds+dynamic=off $gc -cp "$cp" >/dev/null 2>&1 && [ -s "$part" ] \
     && mv -f "$part" "$archive"; then
    printf '%s\n' "$app" > "$archive.where"
    rm -f "$archive.failed"
    return 0
  fi
  rm -f "$part"
  printf '%s\n' "$app" > "$archive.failed" 2>/dev/null  # not tried again here
  return 1
}

if [ -n "${EMLAB_DUMP_ARCHIVE:-}" ]; then
  dump_archive
  exit $?
fi

case "${1:-}" in
  -h|--help|-V|--version) window=false ;;
  ""|-*) window=true ;;
  *) window=false ;;
esac
if [ "$window" = false ] && [ -f "$app/emlab-cli.classlist" ] && [ -w "$app" ] && ! made_here "$archive.where" \
   && ! made_here "$archive.failed"; then
  dump_archive || true
fi
cds=""
if [ -f "$archive" ]; then
  cds="-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
if [ "$window" = true ]; then
  # the headless archive serves the window too: the JDK's classes and the engine's (JavaFX's come from its jars)
  # shellcheck disable=SC2086
  exec "$java" $directives -XX:CompilerDirectivesFile="$app/jvm/window-compiler.json" $cds ${EMLAB_JAVA_OPTS:-} \
    --module-path "$app/javafx" --add-modules javafx.controls -cp "$cp" org.emlab.app.Launcher "$@"
fi
# shellcheck disable=SC2086
exec "$java" $directives -XX:CompilerDirectivesFile="$app/jvm/headless-compiler.json" $cds $gc ${EMLAB_JAVA_OPTS:-} \
  -cp "$cp" org.emlab.app.Launcher "$@"
