#!/usr/bin/env bash
# Fetch pdf.js (the npm package pdfjs-dist) into serve/static/pdfjs, where
# `budgetx serve` embeds it: the two minified builds it needs, the CMaps
# that Chinese (GB) PDFs name, and the licence. Files are stored gzipped
# (gzip -n, so the same version gives the same bytes): the binary carries
# them compressed and serves them with Content-Encoding: gzip.
#
#   scripts/fetch-pdfjs.sh [VERSION]     # run from the repository root
set -euo pipefail
version=${1:-6.5.438}
dest=serve/static/pdfjs
command -v npm >/dev/null || { echo "fetch-pdfjs needs npm (Node.js)"; exit 1; }
[ -d serve ] || { echo "run from the repository root"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# npm pack checks the tarball against the registry's integrity hash.
(cd "$tmp" && npm pack --silent "pdfjs-dist@$version" >/dev/null && tar xzf "pdfjs-dist-$version.tgz")
pkg=$tmp/package

rm -rf "$dest"
mkdir -p "$dest/cmaps"
for f in build/pdf.min.mjs build/pdf.worker.min.mjs; do
	gzip -n -9 -c "$pkg/$f" >"$dest/$(basename "$f").gz"
done
for f in "$pkg"/cmaps/*GB*.bcmap; do
	gzip -n -9 -c "$f" >"$dest/cmaps/$(basename "$f").gz"
done
cp "$pkg/LICENSE" "$dest/LICENSE"
{
	echo "pdfjs-dist $version from the npm registry (Apache-2.0, see LICENSE)."
	echo "Fetched by scripts/fetch-pdfjs.sh; sha256 of the files as published:"
	(cd "$pkg" && sha256sum build/pdf.min.mjs build/pdf.worker.min.mjs cmaps/*GB*.bcmap)
} >"$dest/VERSION"
raw=$(cd "$pkg" && cat build/pdf.min.mjs build/pdf.worker.min.mjs cmaps/*GB*.bcmap | wc -c)
packed=$(cat "$dest"/*.gz "$dest"/cmaps/*.gz | wc -c)
echo "pdf.js $version: $raw bytes as published, $packed gzipped, in $dest"
