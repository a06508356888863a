#!/usr/bin/env bash
# plan-healthcheck: the container health check of the ProgrammePlan images, with nothing but
# bash (no curl in the runtime image).
#
#   plan-healthcheck tcp PORT          the PlanWire server accepts a TCP connection on PORT
#   plan-healthcheck http PORT PATH    GET PATH on 127.0.0.1:PORT answers 200
#
# A TCP connect is all a shell can check of a PlanWire server: its grpc.health.v1 service needs
# a PlanWire client, which `planctl health --gateway 127.0.0.1:PORT` is (the Kubernetes
# readiness probes use it).
set -euo pipefail

usage() { echo "usage: plan-healthcheck tcp PORT | http PORT PATH" >&2; exit 2; }

[ $# -ge 2 ] || usage
mode=$1 port=$2
[[ "$port" =~ ^[0-9]+$ ]] || usage

case "$mode" in
  tcp)
    [ $# -eq 2 ] || usage
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    exec 3>&-
    ;;
  http)
    [ $# -eq 3 ] || usage
    path=$3
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    IFS= read -r -t 5 status <&3 || { echo "no answer from 127.0.0.1:$port$path" >&2; exit 1; }
    exec 3>&-
    case "$status" in
      "HTTP/1."?" 200 "*) ;;
      *) echo "127.0.0.1:$port$path: ${status%$'\r'}" >&2; exit 1 ;;
    esac
    ;;
  *) usage ;;
esac
