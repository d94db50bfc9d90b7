#!/bin/sh
# Writes an nginx config for $PORT and $WORKERS into /tmp (writable both natively and in the
# read-only container, where /tmp is a tmpfs) and runs nginx in the foreground.
set -eu
port="${PORT:-8080}"
workers="${WORKERS:-1}"
dir="/tmp/langbench-nginx-$$"
conf="$dir.conf"
printf '%s\n' \
  "worker_processes $workers;" \
  "daemon off;" \
  "pid $dir.pid;" \
  "error_log stderr warn;" \
  "events { worker_connections 4096; }" \
  "http {" \
  "  access_log off;" \
  "  client_body_temp_path $dir-body; proxy_temp_path $dir-proxy; fastcgi_temp_path $dir-fastcgi;" \
  "  uwsgi_temp_path $dir-uwsgi; scgi_temp_path $dir-scgi;" \
  "  server {" \
  "    listen 127.0.0.1:$port;" \
  "    default_type application/json;" \
  "    location = /health { return 200 '{\"status\":\"ok\"}'; }" \
  "    location = /json { return 200 '{\"message\":\"Hello, World!\"}'; }" \
  "  }" \
  "}" > "$conf"
# -e: nginx opens its compiled-in error log before reading the config; stderr needs no file
exec nginx -e stderr -p /tmp -c "$conf"
