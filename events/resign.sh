#!/usr/bin/env bash
# Re-signs every event in this folder after a body was edited: sets x-wc-webhook-signature to
# base64(HMAC-SHA256(body, secret)). Usage: events/resign.sh [secret]  (default: the demo secret)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -ntp -Dstyle.color=never -pl testkit -am -DskipTests compile dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
java -cp "testkit/target/classes:$(cat testkit/target/classpath.txt)" \
    io.orderhook.testkit.EventFiles "$root/events" "${1:-demo-webhook-secret}"
