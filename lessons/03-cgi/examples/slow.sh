#!/bin/sh
# Never finishes in time: the server kills it (and the sleep it started) and
# answers 504 Gateway Timeout.
echo 'about to sleep for a minute' >&2
sleep 60
printf 'Content-Type: text/plain\n\ntoo late\n'
