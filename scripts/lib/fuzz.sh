# The libFuzzer targets of Fuzz/ (one per reader and parser), built with AddressSanitizer from the package's own
# targets, and how each is seeded. Sourced by scripts/fuzz-reader, scripts/fuzz-all and scripts/test.
fuzz_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fuzz_samples="${SPIKESTREAM_SAMPLES:-$fuzz_root/../shared/samples}"
fuzz_targets=(nmnist aedat2 aedat31 aedat4 evt2 evt3 dat wav pipeline cache npz heidelberg)
# heidelberg is left out of the suite's smoke run until its ragged rows are read without libhdf5's global-heap code,
# which hangs on a damaged collection (found in its first 5-minute run; docs/RELIABILITY.md).
fuzz_smoke_targets=(nmnist aedat2 aedat31 aedat4 evt2 evt3 dat wav pipeline cache npz)

# Builds every target (debug + ASan + libFuzzer) into Fuzz/.build.
fuzz_build() {
  # --sanitize makes SwiftPM link libFuzzer's main and the ASan runtime, but it passes each as its own -sanitize=
  # option, of which swiftc keeps only the last: the -Xswiftc list, which comes after them, instruments for both.
  swift build --package-path "$fuzz_root/Fuzz" --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address >&2
}

# Seed folders of a target (read in place, never copied), then its longest input.
fuzz_seeds() {
  case "$1" in
    nmnist)   echo "$fuzz_samples/nmnist 4096" ;;
    aedat2)   echo "$fuzz_samples/aedat2-header $fuzz_samples/mnist-dvs-aedat2 8192" ;;
    aedat31)  echo "$fuzz_root/Tests/SpikeFormatsTests/Fixtures/aedat31 8192" ;;
    # The AEDAT 4 sample's header and first packet take 10291 bytes; longer inputs keep a whole packet.
    aedat4)   echo "$fuzz_samples/aedat4 16384" ;;
    evt2|evt3) echo "$fuzz_samples/prophesee 8192" ;;
    dat)      echo "$fuzz_samples/prophesee 16384" ;;
    wav)      echo "$fuzz_samples/speechcommands 16384" ;;
    pipeline) echo "$fuzz_root/pipelines 8192" ;;
    cache)    echo "64" ;;  # edits of a cache the harness writes itself
    heidelberg) echo "64" ;;  # edits of an SHD file the harness writes itself
    npz)      echo "$fuzz_root/Tests/SpikeNetTests/Fixtures/gradient-cases 65536" ;;
    *) echo "unknown fuzz target '$1' (${fuzz_targets[*]})" >&2; return 2 ;;
  esac
}

# fuzz_run TARGET SECONDS [smoke]: runs one built target; new inputs go to fuzz-out/TARGET/corpus (git-ignored),
# crashes to fuzz-out/TARGET/. Replays Tests/FuzzRegressions/TARGET (inputs that once crashed) and
# Tests/FuzzCorpus/TARGET (the kept corpus of the long runs, minimised with -merge=1) first. `smoke`
# starts from those and the seeds alone (no fuzz-out corpus) with a fixed random seed, so the same inputs are
# tried on every run of the suite.
# Prints libFuzzer's last lines and final stats; fails on a crash, a leak, a timeout (10 s per input) or a hang.
fuzz_run() {
  local target="$1" seconds="$2" seeds max_len out="$fuzz_root/fuzz-out/$1" dirs=() d
  [ "${3:-}" = smoke ] && out="$fuzz_root/fuzz-out/smoke/$1" && rm -rf "$out"
  seeds=($(fuzz_seeds "$target")) || return 2
  max_len="${seeds[-1]}"
  for d in "$fuzz_root/Tests/FuzzRegressions/$target" "$fuzz_root/Tests/FuzzCorpus/$target" "${seeds[@]:0:${#seeds[@]}-1}"; do
    [ -d "$d" ] && dirs+=("$d")
  done
  mkdir -p "$out/corpus"
  local binary="$fuzz_root/Fuzz/.build/debug/fuzz-$target" status=0 options=()
  # libhdf5 keeps blocks in its own free lists and metadata cache until the process ends, which LeakSanitizer
  # reports as leaks, on the first input (the harness writing its cache) and at exit: leaks are not checked there.
  local asan_options="${ASAN_OPTIONS:-}"
  case "$target" in cache|heidelberg)
    options+=(-detect_leaks=0) && asan_options="detect_leaks=0${asan_options:+:$asan_options}" ;;
  esac
  [ "${3:-}" = smoke ] && options+=(-seed=1)
  # The Swift backtracer would read the stack under ASan and report itself; libFuzzer's report is enough.
  ASAN_OPTIONS="$asan_options" SWIFT_BACKTRACE=enable=no timeout -s KILL $((seconds + 120)) "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -print_final_stats=1 "${options[@]}" -artifact_prefix="$out/" "$out/corpus" "${dirs[@]}" > "$out/last-run.log" 2>&1 || status=$?
  grep -E "^(Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)|INITED|deadly signal|Test unit written" \
    "$out/last-run.log" | sed "s/^/fuzz-$target: /"
  grep -E "^#[0-9]+.*cov: " "$out/last-run.log" | tail -n 1 | sed "s/^/fuzz-$target: last: /"
  [ "$status" -eq 0 ] || { echo "fuzz-$target FAILED (exit $status); log: $out/last-run.log" >&2; tail -n 30 "$out/last-run.log" >&2; }
  return "$status"
}
