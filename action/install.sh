#!/bin/sh
# Installs one release of planalign from its release archives, as the GitHub Action does:
# picks the archive for this machine, checks it against the .sha256 file published beside
# it, and puts the planalign command in a folder of its own.
#
#   install.sh VERSION BIN_DIR RELEASES
#
# VERSION   the release, such as 0.1.0 (its tag is v0.1.0)
# BIN_DIR   the folder to put planalign in; created if missing
# RELEASES  where releases are downloaded from: the project's GitHub releases (action.yml
#           names them), or any address curl reads, such as file:///path or
#           http://127.0.0.1:8000, so that CI can install an archive it has just built
#
# On a GitHub runner BIN_DIR is also added to the PATH of the steps that follow.
set -eu

version=${1:?"usage: install.sh VERSION BIN_DIR RELEASES"}
bin_dir=${2:?"usage: install.sh VERSION BIN_DIR RELEASES"}
releases=${3:?"usage: install.sh VERSION BIN_DIR RELEASES"}
version=${version#v}

case "$(uname -s)" in
  Linux) os=unknown-linux-musl ;;
  Darwin) os=apple-darwin ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT) os=pc-windows-msvc ;;
  *) echo "planalign: no release is built for $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64 | AMD64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) echo "planalign: no release is built for $(uname -m)" >&2; exit 1 ;;
esac
target=$arch-$os
if [ "$os" = pc-windows-msvc ]; then
  archive=planalign-$target.zip
  exe=planalign.exe
else
  archive=planalign-$target.tar.gz
  exe=planalign
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
url=$releases/v$version/$archive
echo "planalign: downloading $url"
curl --fail --silent --show-error --location --retry 3 -o "$work/$archive" "$url"
curl --fail --silent --show-error --location --retry 3 -o "$work/$archive.sha256" "$url.sha256"

# The .sha256 file holds the checksum and the archive's name; only the checksum is compared.
expected=$(cut -d ' ' -f 1 "$work/$archive.sha256")
if command -v sha256sum >/dev/null 2>&1; then
  actual=$(sha256sum "$work/$archive" | cut -d ' ' -f 1)
else
  actual=$(shasum -a 256 "$work/$archive" | cut -d ' ' -f 1)
fi
if [ "$actual" != "$expected" ]; then
  echo "planalign: $archive does not match its checksum (expected $expected, got $actual)" >&2
  exit 1
fi

# A .tar.gz holds a folder named like the archive; the .zip holds planalign.exe at its top.
if [ "$os" = pc-windows-msvc ]; then
  unzip -q "$work/$archive" -d "$work"
  unpacked=$work/$exe
else
  tar -xzf "$work/$archive" -C "$work"
  unpacked=$work/planalign-$target/$exe
fi
mkdir -p "$bin_dir"
mv "$unpacked" "$bin_dir/$exe"
chmod +x "$bin_dir/$exe"
echo "planalign: installed $("$bin_dir/$exe" --version) in $bin_dir"

if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$bin_dir" >>"$GITHUB_PATH"
fi
