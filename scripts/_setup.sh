# Shared by scripts/demo and scripts/test: a virtualenv in .venv with the given requirements.
# Works on a fresh Debian 12 with Python 3.11; installs python3-venv when run as root.

ensure_venv() {
  local requirements=$1
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv 2>/dev/null; then
      rm -rf .venv
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq python3-venv python3-pip >/dev/null
      elif command -v sudo >/dev/null; then
        sudo apt-get update -qq && sudo apt-get install -y -qq python3-venv python3-pip >/dev/null
      else
        echo "Please install python3-venv (apt-get install python3-venv) and run again." >&2
        exit 1
      fi
      python3 -m venv .venv
    fi
  fi
  # Reinstall only when the requirements changed since the last install.
  local stamp=".venv/.installed-$(basename "$requirements")"
  local digest
  digest=$(cat requirements*.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r "$requirements"
    echo "$digest" > "$stamp"
  fi
}
