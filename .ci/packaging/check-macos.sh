#!/usr/bin/env bash
# Test vb-renew's macOS build as users get it, on the Mac that built it. Run by
# .ci/workflows/release.yml; a release engineer can run it by hand the same way:
#
#   bash .ci/packaging/check-macos.sh dist/vb-renew.app arm64 build/release-logs
#   bash .ci/packaging/check-macos.sh dist/vb-renew-0.1.0-macos-arm64.dmg arm64 build/release-logs
#
# A .dmg is attached read-only and out of the Finder's sight (hdiutil attach -nobrowse -readonly), the
# app is tested inside it, and the image is detached whatever happened. Either way:
# - the executable is built for ARCH (lipo), and Info.plist's LSMinimumSystemVersion is no lower than
#   what the bundled Qt needs (QtCore's minos, from otool);
# - the signature verifies (codesign --verify --deep --strict; PyInstaller signs ad hoc);
# - `--self-test` passes on Qt's own platform plugin (cocoa, not offscreen) with keyring's own choice
#   of backend, which the self-test requires to be the macOS keychain's. Its lines go to
#   LOGS/<app|dmg>/self-test.log, the app's vb-renew.log beside it (and under home/log after a crash).
# Every step is bounded in time: whatever hangs is killed and fails the run. Bash 3.2 (macOS's own).
set -euo pipefail
USAGE="usage: check-macos.sh APP_OR_DMG ARCH LOGS"
TARGET=${1:?$USAGE}
ARCH=${2:?$USAGE}
LOGS=${3:?$USAGE}
SELF_TEST_SECONDS=${SELF_TEST_SECONDS:-300}

say() { printf '[check-macos] %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

bounded() {  # bounded SECONDS COMMAND...: COMMAND's exit status; after SECONDS it is killed and 124
  local limit=$1 pid ticks=0
  shift
  "$@" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if ((ticks >= limit * 10)); then
      say "did not finish in ${limit}s, killing it: $*"
      kill -TERM "$pid" 2>/dev/null || true
      sleep 5
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 124
    fi
    sleep 0.1
    ticks=$((ticks + 1))
  done
  wait "$pid"
}

at_least() {  # at_least HAVE NEED: dotted version HAVE >= NEED
  local IFS=. i
  local -a have need
  read -r -a have <<<"$1"
  read -r -a need <<<"$2"
  for i in 0 1 2; do
    if ((${have[i]:-0} != ${need[i]:-0})); then
      ((${have[i]:-0} > ${need[i]:-0}))
      return
    fi
  done
}

show() {  # show FILE: print it indented, if it exists
  if [[ -f $1 ]]; then
    say "--- $1"
    sed 's/^/    /' "$1"
  fi
}

mkdir -p "$LOGS"
LOGS=$(cd "$LOGS" && pwd)
MOUNT=
detach() {
  [[ -n $MOUNT ]] || return 0
  say "detaching $MOUNT"
  bounded 60 hdiutil detach "$MOUNT" || bounded 60 hdiutil detach -force "$MOUNT" || say "could not detach $MOUNT"
}
trap detach EXIT

case $TARGET in
  *.dmg)
    NAME=dmg
    MOUNT=$(mktemp -d)
    say "attaching $TARGET at $MOUNT (read-only, not shown in the Finder)"
    bounded 120 hdiutil attach -nobrowse -readonly -noautoopen -mountpoint "$MOUNT" "$TARGET" \
      || fail "hdiutil attach $TARGET"
    APP=$MOUNT/vb-renew.app
    [[ -L $MOUNT/Applications ]] || fail "the image has no link to /Applications to drag the app onto"
    ;;
  *.app)
    NAME=app
    APP=$TARGET
    ;;
  *) fail "neither an .app nor a .dmg: $TARGET" ;;
esac
EXE=$APP/Contents/MacOS/vb-renew
[[ -x $EXE ]] || fail "no executable at $EXE"

archs=$(lipo -archs "$EXE")
[[ " $archs " == *" $ARCH "* ]] || fail "$EXE is built for $archs, not $ARCH"
say "executable built for $archs (this Mac: $(uname -m), macOS $(sw_vers -productVersion))"

declared=$(/usr/libexec/PlistBuddy -c 'Print :LSMinimumSystemVersion' "$APP/Contents/Info.plist")
qtcore=$(find "$APP/Contents" -path '*/QtCore.framework/Versions/*/QtCore' -type f | sed -n 1p)
[[ -n $qtcore ]] || fail "no QtCore framework in $APP"
needed=
for minos in $(otool -l "$qtcore" | awk '$1 == "minos" {print $2}'); do
  if [[ -z $needed ]] || ! at_least "$needed" "$minos"; then needed=$minos; fi
done
[[ -n $needed ]] || fail "no minimum macOS version (LC_BUILD_VERSION minos) in $qtcore"
at_least "$declared" "$needed" \
  || fail "LSMinimumSystemVersion is $declared, but the bundled Qt needs macOS $needed (build.spec)"
say "LSMinimumSystemVersion $declared; the bundled Qt needs macOS $needed"

say "codesign --verify --deep --strict $APP"
bounded 120 codesign --verify --deep --strict --verbose=2 "$APP" || fail "the signature does not verify"
signature=$(codesign --display --verbose=2 "$APP" 2>&1 \
  | grep -E '^(Identifier|Signature|Authority|TeamIdentifier)=' || true)
say "signed: $(tr '\n' ' ' <<<"$signature")"

RUN=$LOGS/$NAME
rm -rf "$RUN"
mkdir -p "$RUN"
say "self-test of $EXE on the native platform plugin"
status=0
# The app's own watchdog fires first and writes a FAIL line with every thread's stack.
bounded "$SELF_TEST_SECONDS" env -u QT_QPA_PLATFORM -u PYTHON_KEYRING_BACKEND VB_RENEW_SELF_TEST_PLATFORM=native \
  "$EXE" --self-test --self-test-log "$RUN/self-test.log" --basedir "$RUN/home" \
  --self-test-timeout "$((SELF_TEST_SECONDS - 30))" >"$RUN/stdout.log" 2>"$RUN/stderr.log" || status=$?
show "$RUN/self-test.log"
if [[ $status -ne 0 ]]; then
  show "$RUN/stderr.log"
  show "$RUN/vb-renew.log"
  show "$RUN/home/log/vb-renew.log"
  fail "self-test ($NAME) exited $status"
fi
[[ -s $RUN/self-test.log ]] || fail "the self-test exited 0 but wrote no $RUN/self-test.log"
say "passed: $TARGET ($ARCH)"
