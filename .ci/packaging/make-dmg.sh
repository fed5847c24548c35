#!/usr/bin/env bash
# Make vb-renew's macOS disk image: the .app built by build.spec and a link to /Applications, so the
# user drags one onto the other. macOS only (hdiutil); run by .ci/workflows/release.yml.
#
#   pyinstaller --noconfirm build.spec                  # -> dist/vb-renew.app
#   bash .ci/packaging/make-dmg.sh 0.1.0                # -> dist/vb-renew-0.1.0.dmg
#
# The image is compressed (UDZO) and verified. The app is ad-hoc signed by PyInstaller only: not
# notarized, so Gatekeeper asks the user to confirm on first open (Control-click > Open).
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${1:?usage: make-dmg.sh VERSION [APP]}
APP=${2:-dist/vb-renew.app}
OUT=dist/vb-renew-$VERSION.dmg
[[ -d $APP ]] || { echo "make-dmg: no app bundle at $APP (run pyinstaller build.spec first)" >&2; exit 1; }

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ditto "$APP" "$STAGE/vb-renew.app"  # ditto, not cp -R: keeps the frameworks' symlinks and signatures
ln -s /Applications "$STAGE/Applications"

rm -f "$OUT"
hdiutil create -volname "vb-renew $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$OUT"
hdiutil verify "$OUT"
echo "make-dmg: $OUT ($(du -h "$OUT" | cut -f1))"
