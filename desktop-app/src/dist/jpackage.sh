#!/usr/bin/env bash
# Builds EM Lab's app image (its own Java runtime: no JDK needed to run it) with the JDK's jpackage,
# and on Linux a .deb, from what `package` just built. Called by `./mvnw -Pdist -DskipTests package`
# (desktop-app's "dist" profile); arguments: the desktop-app target directory, the repository root,
# the version.
#   target/dist/emlab/bin/emlab          opens the window; with a subcommand it is the headless CLI
#   target/dist/emlab_<version>_<arch>.deb   (Linux, when dpkg-deb and fakeroot are installed)
set -euo pipefail
target="$1"; root="$2"; version="$3"
jpackage="${JAVA_HOME:+$JAVA_HOME/bin/}jpackage"
command -v "$jpackage" >/dev/null || { echo "dist: jpackage not found (it ships with JDK 14 and later)" >&2; exit 1; }

in="$target/dist-input"; out="$target/dist"
rm -rf "$in" "$out"; mkdir -p "$in/lib" "$in/javafx" "$out"

# The app's jars go on the class path (app/lib), JavaFX's on the module path (app/javafx), as ./emlab does.
main_jar=$(ls "$target"/emlab-desktop-*.jar | grep -v -e sources -e javadoc | head -n 1)
cp "$main_jar" "$in/lib/emlab-desktop.jar"
IFS=":" read -r -a entries < "$target/classpath.txt" || true
for e in "${entries[@]}"; do
  case "$e" in
    */org/openjfx/*) cp "$e" "$in/javafx/" ;;
    *.jar) cp "$e" "$in/lib/" ;;
    *) echo "dist: $e is not a jar (build with 'package' from the repository root)" >&2; exit 1 ;;
  esac
done

# ./emlab's compiler directives (assets/jvm/): the window's keep C2 off the user interface, whose compilation slowed
# the window's first seconds of frames on two cores. jpackage's launcher (macOS, Windows) gives them to every command:
# they hold everything the headless ones hold, and JavaFX, which those commands do not run. The Linux launcher below
# gives the headless commands their own.
mkdir -p "$in/jvm"
cp "$root/assets/jvm/window-compiler.json" "$root/assets/jvm/headless-compiler.json" "$in/jvm/"

# Numeric app version: jpackage wants 1-3 dot-separated numbers (0.1.0-SNAPSHOT -> 0.1.0).
appver="${version%%-*}"
common=(--name emlab --app-version "$appver" --vendor "EM Lab"
        --description "An interactive laboratory for the EM algorithm on mixture models")
icon="$root/assets/icons/emlab.png"

# The runtime keeps its bin/java (jpackage strips it by default), for the Linux launcher below.
"$jpackage" --type app-image "${common[@]}" --dest "$out" --input "$in" \
  --main-jar lib/emlab-desktop.jar --main-class org.emlab.app.Launcher \
  --jlink-options '--strip-debug --no-man-pages --no-header-files' \
  --java-options '--module-path $APPDIR/javafx --add-modules javafx.controls' \
  --java-options '-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:CompilerDirectivesFile=$APPDIR/jvm/window-compiler.json' \
  --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.localedata,jdk.charsets,jdk.crypto.ec,jdk.random \
  --icon "$icon"
# jpackage lists every jar of the input on the class path; JavaFX belongs on the module path only.
sed -i.orig '/^app.classpath=\$APPDIR\/javafx\//d' "$out/emlab/lib/app/emlab.cfg" && rm -f "$out/emlab/lib/app/emlab.cfg.orig"

if [ "$(uname -s)" = Linux ] && [ -x "$out/emlab/lib/runtime/bin/java" ]; then
  # On Linux, bin/emlab becomes a shell script (desktop-app/src/dist/linux-launcher.sh): jpackage's launcher asks
  # rpm and then dpkg which package owns it at every start (0.1-0.5 s on Debian and Ubuntu, before Java starts) and
  # gives every command the window's options; the script starts the runtime's java as ./emlab does.
  jars=$(sed -n 's|^app.classpath=\$APPDIR/||p' "$out/emlab/lib/app/emlab.cfg" | tr '\n' ' ')
  sed -e "s|@JARS@|$jars|" "$root/desktop-app/src/dist/linux-launcher.sh" > "$out/emlab/bin/emlab.script"
  mv -f "$out/emlab/bin/emlab.script" "$out/emlab/bin/emlab"
  chmod 755 "$out/emlab/bin/emlab"
  # The headless commands' class-data archive, from the classes a small render loads. It holds the jars' paths, so
  # it is written at the end of this script for the image where it was built, by the .deb's postinst for /opt/emlab,
  # and by the launcher after the image is copied elsewhere, each from the class list kept in lib/app.
  work="$(mktemp -d)"
  if EMLAB_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/cli.lst" "$out/emlab/bin/emlab" render gmm-simplex \
       --out "$work/warm-up.png" >/dev/null 2>&1 && [ -s "$work/cli.lst" ]; then
    cp "$work/cli.lst" "$out/emlab/lib/app/emlab-cli.classlist"
  else
    echo "dist: the class-data archive's training run failed; the image starts without an archive" >&2
  fi
  # The window's, from a window that plays for six seconds under Xvfb (or, without it, on the display: it shows and
  # closes by itself), its settings in a folder of its own; with neither, the window maps the headless archive.
  window=("$out/emlab/bin/emlab" --lab gmm-simplex --autoplay --exit-after 6)
  if command -v xvfb-run >/dev/null; then
    window=(xvfb-run -a -s "-screen 0 1600x1000x24" "${window[@]}")
  elif [ -n "${DISPLAY:-}" ]; then
    echo "dist: recording the window's class list: a window opens for six seconds" >&2
  else
    window=()
  fi
  if [ "${#window[@]}" -gt 0 ] && EMLAB_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$work/window.lst -Demlab.config.dir=$work/config" \
       "${window[@]}" >/dev/null 2>&1 && [ -s "$work/window.lst" ]; then
    cp "$work/window.lst" "$out/emlab/lib/app/emlab-window.classlist"
  else
    echo "dist: no class list for the window (no Xvfb or display, or the window failed); it maps the headless archive" >&2
  fi
  rm -rf "$work"
  rm -f "$out/emlab/lib/app/"*.jsa "$out/emlab/lib/app/"*.jsa.*  # none yet: the .deb carries class lists, never archives
fi
echo "dist: app image $out/emlab (run $out/emlab/bin/emlab)"

if [ "$(uname -s)" = Linux ] && command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  "$jpackage" --type deb "${common[@]}" --dest "$out" --app-image "$out/emlab" \
    --linux-shortcut --linux-menu-group Education --linux-app-category science \
    --icon "$icon" --install-dir /opt --resource-dir "$root/desktop-app/src/dist/linux"
  echo "dist: package $(ls "$out"/*.deb)"
else
  echo "dist: no .deb (needs Linux with dpkg-deb and fakeroot)"
fi
# after the .deb, which makes its own archives where it is installed
if [ -f "$out/emlab/lib/app/emlab-cli.classlist" ]; then
  EMLAB_DUMP_ARCHIVE=1 "$out/emlab/bin/emlab" || echo "dist: a class-data archive could not be written" >&2
fi
