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

# The window's compiler directives (./emlab's assets/jvm/window-compiler.json): they keep C2 off the user interface,
# whose compilation slowed the window's first seconds of frames on two cores. One launcher serves the window and the
# CLI here, so the headless commands get them too: they hold everything assets/jvm/headless-compiler.json holds,
# and JavaFX, which those commands do not run.
mkdir -p "$in/jvm"
cp "$root/assets/jvm/window-compiler.json" "$in/jvm/"

# Numeric app version: jpackage wants 1-3 dot-separated numbers (0.1.0-SNAPSHOT -> 0.1.0).
appver="${version%%-*}"
common=(--name emlab --app-version "$appver" --vendor "EM Lab"
        --description "An interactive laboratory for the EM algorithm on mixture models")
icon="$root/assets/icons/emlab.png"

"$jpackage" --type app-image "${common[@]}" --dest "$out" --input "$in" \
  --main-jar lib/emlab-desktop.jar --main-class org.emlab.app.Launcher \
  --java-options '--module-path $APPDIR/javafx --add-modules javafx.controls' \
  --java-options '-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:CompilerDirectivesFile=$APPDIR/jvm/window-compiler.json' \
  --add-modules java.se,jdk.unsupported,jdk.zipfs,jdk.localedata,jdk.charsets,jdk.crypto.ec,jdk.random \
  --icon "$icon"
# jpackage lists every jar of the input on the class path; JavaFX belongs on the module path only.
sed -i.orig '/^app.classpath=\$APPDIR\/javafx\//d' "$out/emlab/lib/app/emlab.cfg" && rm -f "$out/emlab/lib/app/emlab.cfg.orig"
echo "dist: app image $out/emlab (run $out/emlab/bin/emlab)"

if [ "$(uname -s)" = Linux ] && command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null; then
  "$jpackage" --type deb "${common[@]}" --dest "$out" --app-image "$out/emlab" \
    --linux-shortcut --linux-menu-group Education --linux-app-category science \
    --icon "$icon" --install-dir /opt --resource-dir "$root/desktop-app/src/dist/linux"
  echo "dist: package $(ls "$out"/*.deb)"
else
  echo "dist: no .deb (needs Linux with dpkg-deb and fakeroot)"
fi
