#!/usr/bin/env bash
# One sitting of the measurements behind docs/performance.md (issue 19), with their raw output.
# Run it on a quiet machine (nothing else using the cores): about 5 to 10 minutes.
#   bash scripts/perf_sitting.sh OUT.txt
# Needs: a built app (./emlab builds itself), python3 with numpy, xvfb-run for the window rows.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-perf-sitting.txt}"
cd "$here"
./emlab --version >/dev/null  # builds the app and its class-data archive first, if needed
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
{
  echo "# sitting: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r), commit $(git rev-parse --short HEAD)"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "## kernels: EM Lab (n = 1e6, d = 10, k = 4), with the read floor of X in the same run"
  ./emlab bench --bandwidth --n 1e6 --d 10 --k 4 --lab mlr-overspec --lab gmm --lab mlr --iterations 20
  for cov in diag spherical; do
    ./emlab bench --n 1e6 --d 10 --k 4 --lab gmm --set covariance=$cov --iterations 20 | grep '^lab='
  done
  echo "## population steps (each lab's defaults) and their rows"
  # 30 iterations where the runs converge within a few dozen (later steps cost nothing), 200 for gmm-overparam
  ./emlab bench --population --lab mlr-overspec --lab mlr-clustered --lab gmm-simplex --n 1e4 --d 2 \
    --iterations 30 | grep 'mode=population'
  ./emlab bench --population --lab gmm-overparam --n 1e4 --d 2 --iterations 200 | grep 'mode=population'
  echo "## numpy, same shapes"
  python3 scripts/numpy_steps.py --n 1e6 --d 10 --k 4 --iterations 20
  echo "## sweeps"
  ./emlab bench --sweep mlr-overspec-sweep-floor-balanced --sweep-trials 2 | grep '^sweep='
  /usr/bin/time -f "sweep_wall_s=%e user_s=%U sys_s=%S" ./emlab sweep --preset mlr-overspec-sweep-floor-balanced \
    --out "$tmp/sweep.csv" --no-progress --no-meta 2>&1 | grep -E 'sweep_wall|fitted slope'
  echo "## render and animate: wall seconds from the launch of ./emlab (three runs each; -Demlab.trace=true)"
  for lab in gmm-simplex mlr-overspec mlr-clustered mlr-recursive gmm-overparam gmm mlr; do
    for r in 1 2 3; do
      /usr/bin/time -f "render lab=$lab run=$r wall_s=%e user_s=%U" ./emlab render "$lab" --out "$tmp/$lab.png" 2>&1 >/dev/null
    done
  done
  for r in 1 2 3; do
    /usr/bin/time -f "animate lab=gmm-simplex format=gif run=$r wall_s=%e user_s=%U" \
      ./emlab animate gmm-simplex --out "$tmp/a.gif" 2>&1 >/dev/null
  done
  /usr/bin/time -f "animate lab=gmm-simplex format=mp4 wall_s=%e user_s=%U" \
    ./emlab animate gmm-simplex --out "$tmp/a.mp4" 2>&1 >/dev/null
  if command -v xvfb-run >/dev/null; then
    echo "## the window: shown and first frame, from the launch of ./emlab (three launches)"
    # launch 0: the first window after a build lists its classes and, once closed, writes the window's
    # class-data archive (reported, not one of the three)
    for r in 0 1 2 3; do
      XDG_CONFIG_HOME="$tmp/cfg" EMLAB_JAVA_OPTS="-Demlab.trace=true" xvfb-run -a -s "-screen 0 1600x1000x24" \
        ./emlab --exit-after 3 2>&1 | grep 'emlab.trace' | sed "s/^/launch $r: /"
    done
    echo "## frame times: gmm-1e5-density playing for 10 s (1600 x 1000, software rendering)"
    XDG_CONFIG_HOME="$tmp/cfg" xvfb-run -a -s "-screen 0 1600x1000x24" ./emlab --preset gmm-1e5-density --autoplay \
      --exit-after 10 --frame-stats "$tmp/frames.txt" >/dev/null 2>&1
    grep -E '^#.*work|^median|after the first' "$tmp/frames.txt"
    echo "## frame times: the same for 30 s (the first seconds' warm-up weighs a third as much)"
    XDG_CONFIG_HOME="$tmp/cfg" xvfb-run -a -s "-screen 0 1600x1000x24" ./emlab --preset gmm-1e5-density --autoplay \
      --exit-after 30 --frame-stats "$tmp/frames30.txt" >/dev/null 2>&1
    grep -E '^#.*work|^median|after the first' "$tmp/frames30.txt"
    echo "## CPU seconds per thread from 7 s to 22 s after the launch, gmm-1e5-density playing (/proc, utime + stime)"
    XDG_CONFIG_HOME="$tmp/cfg" xvfb-run -a -s "-screen 0 1600x1000x24" ./emlab --preset gmm-1e5-density --autoplay \
      --exit-after 24 >/dev/null 2>&1 &
    sleep 7
    pid=$(pgrep -f "org.emlab.app.Launcher --preset gmm-1e5-density" | head -n 1)
    threads() {  # thread name (spaces as _) and its CPU ticks, summed over threads of one name
      for t in /proc/"$pid"/task/*; do
        s=($(sed 's/.*) //' "$t/stat")); echo "$(tr ' ' _ < "$t/comm") $((s[11] + s[12]))"
      done | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
    }
    threads > "$tmp/cpu-a.txt"; sleep 15; threads > "$tmp/cpu-b.txt"
    wait
    join "$tmp/cpu-a.txt" "$tmp/cpu-b.txt" | awk -v hz="$(getconf CLK_TCK)" '$3 - $2 > 2 {printf "thread=%s cpu_s=%.2f\n", $1, ($3 - $2) / hz}'
  fi
  echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$out"
