#!/bin/sh
# Starts a valid response, then dies of a signal: the server cannot know how
# much of the body is missing, so it answers 502 Bad Gateway.
printf 'Content-Type: text/plain\n\nthe first half of a'
ulimit -c 0
kill -SEGV $$
