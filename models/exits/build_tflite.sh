#!/bin/sh
# Builds models/exits/*.tflite (the four segments and the monolithic model) from their .onnx files with
# edgeenergy's own dense-layer converter (edgeenergy-tflite test sources: io.edgeenergy.tflite.tools.ExitsTflite).
# Run from the repository root; pass Maven options (e.g. -Dmaven.repo.local=...) as arguments. Deterministic.
# The .tflite files are not committed (they would double the model's size in git): build them before
# `edgeenergy exits --backend tflite`.
set -eu
cp_file="$PWD/edgeenergy-tflite/target/tflite-tools.classpath"
mvn -B -q -pl edgeenergy-tflite -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" "$@"
java -cp "edgeenergy-tflite/target/test-classes:edgeenergy-tflite/target/classes:$(cat "$cp_file")" \
  io.edgeenergy.tflite.tools.ExitsTflite models/exits
