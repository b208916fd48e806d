#!/bin/sh
# The smallest useful CGI script: header lines, an empty line, the body.
# Everything about the request arrives in environment variables.
name="${PATH_INFO#/}"
printf 'Content-Type: text/plain; charset=utf-8\n'
printf '\n'
printf 'Hello, %s, from a shell script (process %s).\n' "${name:-stranger}" "$$"
printf 'You asked with %s, query "%s".\n' "$REQUEST_METHOD" "$QUERY_STRING"
