# Source this file: puts Node.js 24 on PATH, installing it from the npm registry's
# `node` package into .tools/ when the machine's Node is older. Idempotent.
_caveat_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
_caveat_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "${_caveat_major}" -lt 24 ]; then
  if [ ! -x "${_caveat_root}/.tools/node_modules/node/bin/node" ]; then
    echo "caveat: installing Node.js 24 into .tools/ (machine has ${_caveat_major:-none})" >&2
    npm install --prefix "${_caveat_root}/.tools" --no-save --no-audit --no-fund --loglevel=error node@24 >&2
  fi
  export PATH="${_caveat_root}/.tools/node_modules/node/bin:${PATH}"
fi
unset _caveat_root _caveat_major
