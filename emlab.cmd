@echo off
rem EM Lab launcher for Windows, the same as ./emlab on Linux and macOS:
rem   emlab                  opens the window
rem   emlab SUBCOMMAND ...   runs the headless CLI (emlab --help lists the subcommands)
rem On first use it builds the app with the Maven Wrapper (mvnw.cmd; needs a JDK 17). After
rem updating the sources, run it once with EMLAB_REBUILD=1 set. Extra JVM options: EMLAB_JAVA_OPTS.
setlocal
set "HERE=%~dp0"
set "TARGET=%HERE%desktop-app\target"
if defined EMLAB_REBUILD goto build
if not exist "%TARGET%\.emlab-built" goto build
if not exist "%TARGET%\modulepath.txt" goto build
if not exist "%TARGET%\classpath-app.txt" goto build
goto run

:build
echo EM Lab: building the app (first run, or EMLAB_REBUILD is set); this takes a minute ... 1>&2
pushd "%HERE%"
call mvnw.cmd -B -q -DskipTests package > "%TEMP%\emlab-build.log" 2>&1
if errorlevel 1 (
  popd
  echo EM Lab: the build failed; its log is %TEMP%\emlab-build.log 1>&2
  exit /b 1
)
popd
copy /y "%TEMP%\emlab-build.log" "%TARGET%\emlab-build.log" > nul
type nul > "%TARGET%\.emlab-built"

:run
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
rem For the window JavaFX goes on the module path, everything else on the class path (the build writes both lists).
for /f "usebackq delims=" %%a in ("%TARGET%\modulepath.txt") do set "EMLAB_MP=%%a"
for /f "usebackq delims=" %%a in ("%TARGET%\classpath-app.txt") do set "EMLAB_CP=%%a"
rem Keep the JIT's top tier off the code whose compilation costs more than it gives back, as ./emlab does:
rem for the headless commands (a first argument that is not an option) assets\jvm\headless-compiler.json,
rem for the window assets\jvm\window-compiler.json (EMLAB_NO_DIRECTIVES=1 leaves them out).
set "EMLAB_DIRECTIVES=%HERE%assets\jvm\headless-compiler.json"
set "EMLAB_FIRST=%~1"
set "EMLAB_WINDOW="
if not defined EMLAB_FIRST set "EMLAB_WINDOW=1"
if defined EMLAB_FIRST if "%EMLAB_FIRST:~0,1%"=="-" set "EMLAB_WINDOW=1"
if defined EMLAB_WINDOW set "EMLAB_DIRECTIVES=%HERE%assets\jvm\window-compiler.json"
set "EMLAB_COMPILER=-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput"
if defined EMLAB_NO_DIRECTIVES set "EMLAB_COMPILER="
if not exist "%EMLAB_DIRECTIVES%" set "EMLAB_COMPILER="
if defined EMLAB_WINDOW goto window
rem The headless commands, as in ./emlab: no JavaFX modules (it never touches them) and the throughput
rem collector, unless EMLAB_JAVA_OPTS names a collector (two would stop the JVM at its start).
set "EMLAB_GC=-XX:+UseParallelGC"
if defined EMLAB_JAVA_OPTS if not "%EMLAB_JAVA_OPTS:GC=%"=="%EMLAB_JAVA_OPTS%" set "EMLAB_GC="
if not defined EMLAB_COMPILER goto cliplain
"%JAVA%" %EMLAB_COMPILER% "-XX:CompilerDirectivesFile=%EMLAB_DIRECTIVES%" %EMLAB_GC% %EMLAB_JAVA_OPTS% -cp "%TARGET%\classes;%EMLAB_CP%" org.emlab.app.Launcher %*
exit /b %errorlevel%

:cliplain
"%JAVA%" %EMLAB_GC% %EMLAB_JAVA_OPTS% -cp "%TARGET%\classes;%EMLAB_CP%" org.emlab.app.Launcher %*
exit /b %errorlevel%

:window
if not defined EMLAB_COMPILER goto plain
"%JAVA%" %EMLAB_COMPILER% "-XX:CompilerDirectivesFile=%EMLAB_DIRECTIVES%" %EMLAB_JAVA_OPTS% --module-path "%EMLAB_MP%" --add-modules javafx.controls -cp "%TARGET%\classes;%EMLAB_CP%" org.emlab.app.Launcher %*
exit /b %errorlevel%

:plain
"%JAVA%" %EMLAB_JAVA_OPTS% --module-path "%EMLAB_MP%" --add-modules javafx.controls -cp "%TARGET%\classes;%EMLAB_CP%" org.emlab.app.Launcher %*
exit /b %errorlevel%
