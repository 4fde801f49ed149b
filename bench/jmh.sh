#!/bin/sh
# In-process, single-thread throughput of the bounce reader over the corpus (messages per second).
# Usage: bench/jmh.sh [extra JMH options]; BACKSTOP_CORPUS overrides ../shared/corpus/sisimai.
set -eu
cd "$(dirname "$0")/.."
: "${BACKSTOP_CORPUS:=$(pwd)/../shared/corpus/sisimai}"
export BACKSTOP_CORPUS
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/jmh-classpath.txt)" \
    org.openjdk.jmh.Main BounceReaderBenchmark -f 1 -wi 3 -i 5 "$@"
