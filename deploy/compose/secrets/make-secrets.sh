#!/usr/bin/env bash
# Makes, once, every secret the compose cluster needs, into the folder given (the "secrets" volume): a private CA,
# a certificate per node (remoting mutual TLS and the API's TLS), one for PostgreSQL, the admin and viewer API keys,
# and the PostgreSQL and Grafana passwords. Nothing is a default: every key and password is random. Run again, it
# changes nothing (delete the volume to start over).
#   usage: make-secrets.sh OUT_DIR [NODE...]      (default nodes: node1 node2 node3)
set -euo pipefail
out="${1:?usage: make-secrets.sh OUT_DIR [NODE...]}"
shift
nodes=("$@")
[ ${#nodes[@]} -gt 0 ] || nodes=(node1 node2 node3)
mkdir -p "$out"
cd "$out"
if [ -s ca.crt ] && [ -s admin.key ]; then
  echo "secrets: already made in $out"
  exit 0
fi
umask 077

# name, then subjectAltName entries: a certificate for server and client use, signed by the CA.
issue() {
  local name="$1" sans="$2"
  openssl ecparam -name prime256v1 -genkey -noout -out "$name.key"
  openssl req -new -key "$name.key" -subj "/CN=$name" -out "$name.csr"
  printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' "$sans" > "$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=ActorVision compose cluster CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt

for node in "${nodes[@]}"; do
  # The node's name for remoting (other nodes dial it) and the API; localhost for clients on the Docker host.
  issue "$node" "DNS:$node,DNS:localhost,IP:127.0.0.1"
  # .NET reads the certificate and key as one PKCS#12 file (no password: the volume is the protection).
  openssl pkcs12 -export -in "$node.crt" -inkey "$node.key" -certfile ca.crt -passout pass: -out "$node.pfx"
  rm -f "$node.key" "$node.crt"
done
issue postgres "DNS:postgres"

openssl rand -hex 32 > admin.key
openssl rand -hex 32 > viewer.key
openssl rand -hex 24 > postgres.password
openssl rand -hex 24 > grafana.password
rm -f ca.key ca.srl

# Readable by the services that mount the volume (they run as other users); PostgreSQL insists on owning its key.
chmod 0644 ./*
chown 999:999 postgres.key 2>/dev/null || true
chmod 0600 postgres.key
echo "secrets: made in $out (CA, ${nodes[*]}, postgres; admin and viewer keys; passwords)"
