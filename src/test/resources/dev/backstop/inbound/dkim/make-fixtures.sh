#!/usr/bin/env bash
# Regenerates the DKIM fixtures with Debian's opendkim (an independent implementation), so that
# DkimHeaderVerifierTest checks our verifier against signatures we did not make ourselves.
# Needs: opendkim, opendkim-tools, openssl. Only the public keys and the signed header blocks are kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
cd "$work"
opendkim-genkey -b 2048 -d example.com -s sel1
openssl genpkey -algorithm ed25519 -out ed.pem 2>/dev/null
openssl pkey -in ed.pem -pubout > ed.pub
printf '%s\n' \
  'Received: from web1.example.com (web1.example.com [192.0.2.10])' \
  '	by relay.example.com (Postfix) with ESMTP id 4AbCdE' \
  '	for <bob@example.net>; Thu, 26 Nov 2026 10:00:00 +0000 (UTC)' \
  'From: Alice Example <alice@example.com>' \
  'To: Bob <bob@example.net>,' \
  '    Carol <carol@example.net>' \
  'Subject: The quarterly   report,' \
  '	 folded over two lines' \
  'Date: Thu, 26 Nov 2026 10:00:00 +0000' \
  'Message-ID: <20261126100000.4AbCdE@relay.example.com>' \
  'MIME-Version: 1.0' \
  'Content-Type: text/plain; charset=utf-8' \
  '' \
  'Hello Bob,' \
  'the report is attached.' | sed 's/$/\r/' > message   # opendkim -t wants CRLF
sign() { # name algorithm canonicalization keyfile
  cat > conf <<CONF
Mode s
Domain example.com
Selector sel1
KeyFile $work/$4
Canonicalization $3
SignatureAlgorithm $2
SignHeaders From,To,Subject,Date,Message-ID,Reply-To,MIME-Version
OversignHeaders From
Syslog no
RequireSafeKeys no
CONF
  opendkim -x conf -t message > out 2>&1
  # the signature as opendkim prints it, then the header block (without its blank line), LF line ends
  { sed -n '/^DKIM-Signature:/,$p' out; tr -d '\r' < message | sed -n '1,/^$/p' | sed '$d'; } > "$here/$1.headers"
}
sign rsa-sha256-relaxed rsa-sha256 relaxed/relaxed sel1.private
sign rsa-sha256-simple rsa-sha256 simple/simple sel1.private
sign rsa-sha1-relaxed-simple rsa-sha1 relaxed/simple sel1.private
sign ed25519-relaxed ed25519-sha256 relaxed/relaxed ed.pem
cp sel1.txt "$here/sel1.txt"
cp ed.pub "$here/ed25519.pub"
