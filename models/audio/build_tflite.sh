#!/bin/sh
# Rebuilds models/audio/keyword_mlp.tflite from keyword_mlp.onnx with edgeenergy's own MLP converter
# (edgeenergy-tflite test sources: io.edgeenergy.tflite.tools.KeywordTflite). Run from the repository
# root; builds nothing into ~/.m2 unless your Maven settings say so. Deterministic.
set -eu
cp_file="$PWD/edgeenergy-tflite/target/tflite-tools.classpath"
mvn -B -q -pl edgeenergy-tflite -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" "$@"
java -cp "edgeenergy-tflite/target/test-classes:edgeenergy-tflite/target/classes:$(cat "$cp_file")" \
  io.edgeenergy.tflite.tools.KeywordTflite models/audio
