#!/bin/sh
# Registers the namespace the application uses, with its retention. Run by docker-compose.yml's
# `temporal-namespace` job (image temporalio/admin-tools) once the server is healthy, on every
# `up`: a namespace that already exists is kept as it is (its retention is not changed here;
# `temporal operator namespace update --retention` does that). The application registers its
# own search attributes when it starts (server/search-attributes.ts).
# TEMPORAL_ADDRESS, NAMESPACE and RETENTION come from the job's environment.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${NAMESPACE:?}" "${RETENTION:?}"

if temporal operator namespace create --address "$TEMPORAL_ADDRESS" --retention "$RETENTION" --namespace "$NAMESPACE"; then
  exit 0
fi
# Creating fails when the namespace exists (an earlier `up`): that is success when it describes.
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" >/dev/null
echo "Namespace $NAMESPACE is already registered."
