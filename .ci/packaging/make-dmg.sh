#!/usr/bin/env bash
# Make vb-renew's macOS disk image: the .app built by build.spec and a link to /Applications, so the
# user drags one onto the other. macOS only (hdiutil, lipo); run by .ci/workflows/release.yml.
#
#   pyinstaller --noconfirm build.spec                  # -> dist/vb-renew.app
#   bash .ci/packaging/make-dmg.sh 0.1.0                # -> dist/vb-renew-0.1.0-macos-arm64.dmg
#
# The name carries the architecture of the app's executable (arm64, x86_64; universal2 for both):
# PyInstaller builds for the architecture of the Python that runs it, so each is built on its own Mac.
# The image is compressed (UDZO) and verified. The app is ad-hoc signed by PyInstaller only (`codesign
# -s -`: the build must not change a file after that); not notarised, so macOS blocks its first open
# until the user allows it (README, "Releasing"). .ci/packaging/check-macos.sh tests the image.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${1:?usage: make-dmg.sh VERSION [APP]}
APP=${2:-dist/vb-renew.app}
[[ -d $APP ]] || { echo "make-dmg: no app bundle at $APP (run pyinstaller build.spec first)" >&2; exit 1; }

archs=$(lipo -archs "$APP/Contents/MacOS/vb-renew")
case $archs in
  arm64 | x86_64) ARCH=$archs ;;
  "x86_64 arm64" | "arm64 x86_64") ARCH=universal2 ;;
  *) echo "make-dmg: unexpected architectures in $APP: $archs" >&2; exit 1 ;;
esac
OUT=dist/vb-renew-$VERSION-macos-$ARCH.dmg

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/vb-renew.app"  # ditto, not cp -R: keeps the frameworks' symlinks and signatures
ln -s /Applications "$STAGE/Applications"

rm -f "$OUT"
hdiutil create -volname "vb-renew $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$OUT"
hdiutil verify "$OUT"
echo "make-dmg: $OUT ($(du -h "$OUT" | cut -f1))"
