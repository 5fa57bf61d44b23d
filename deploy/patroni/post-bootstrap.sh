#!/bin/sh
# Patroni's post_bootstrap (deploy/patroni/patroni.yml): runs once, on the node that initialises
# the cluster, before it takes the leader's key, with a superuser connection string as its
# argument. The ledger's database, named as in the single-node stack; `ledger migrate` does the
# rest through HAProxy. Replicas clone it.
set -eu
psql -v ON_ERROR_STOP=1 "$1" -c 'CREATE DATABASE ledger'
