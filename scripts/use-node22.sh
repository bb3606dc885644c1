# Source this file: puts a Node >= 22.12 first on PATH, installing one from the npm registry's
# "node" package into .toolchain/ when the machine's Node is older.
_major_minor() { node -p 'process.versions.node.split(".").slice(0,2).map(Number).join(" ")' 2>/dev/null || echo "0 0"; }
read -r _maj _min < <(_major_minor)
if [ "$_maj" -lt 22 ] || { [ "$_maj" -eq 22 ] && [ "$_min" -lt 12 ]; }; then
  _root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ ! -x "$_root/.toolchain/node_modules/.bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo none) is older than 22.12; installing Node 22 into .toolchain/ from the npm registry" >&2
    npm install --prefix "$_root/.toolchain" --no-save --no-audit --no-fund --loglevel=error node@22 >&2
  fi
  export PATH="$_root/.toolchain/node_modules/.bin:$PATH"
fi
unset _maj _min _root
