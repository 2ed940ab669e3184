#!/usr/bin/env bash
# Checks the deploy files as far as this machine can: the systemd unit with systemd-analyze, the
# nginx site with `nginx -t` inside a throw-away nginx.conf with a self-signed certificate.
# (The Dockerfile cannot be built here: no Docker engine.)
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# systemd-analyze wants ExecStart's binary to exist: point the unit at the one just built.
binary="$(swift build --show-bin-path)/lunas"
[ -x "$binary" ] || { echo "deploy.sh: $binary is missing; build first" >&2; exit 1; }
sed "s|/opt/lunas/bin/lunas|$binary|" deploy/lunas.service > "$work/lunas.service"
systemd-analyze verify "$work/lunas.service"
echo "deploy.sh: systemd unit verifies"

# nginx: the site inside a minimal main configuration, certificates generated on the spot.
mkdir -p "$work/nginx/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=lunas.example.go.id" \
    -keyout "$work/privkey.pem" -out "$work/fullchain.pem" >/dev/null 2>&1
sed -e "s|/etc/ssl/lunas/fullchain.pem|$work/fullchain.pem|" -e "s|/etc/ssl/lunas/privkey.pem|$work/privkey.pem|" \
    deploy/nginx-lunas.conf > "$work/nginx/lunas.conf"
cat > "$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    include $work/nginx/lunas.conf;
}
CONF
nginx -t -p "$work/nginx" -c "$work/nginx/nginx.conf"
echo "deploy.sh: nginx site passes nginx -t"

# The env example must list every variable `lunas serve` reads (the table ServerSetting.all).
variables=$(grep -o 'environment: "[A-Z_]*"' Sources/API/ServerSetting.swift | sed 's/environment: "\(.*\)"/\1/' | sort -u)
[ -n "$variables" ] || { echo "deploy.sh: found no settings in Sources/API/ServerSetting.swift" >&2; exit 1; }
for variable in $variables; do
    grep -q "^$variable=" deploy/lunas.env.example || { echo "deploy.sh: $variable missing from deploy/lunas.env.example" >&2; exit 1; }
    grep -q "\`$variable\`" README.md || { echo "deploy.sh: $variable missing from README.md" >&2; exit 1; }
done
echo "deploy.sh: env example and README list every setting"
