#!/bin/sh
# weather.sh LOCATION: the lesson's get_weather as a real command, a second's wait included.
# Its arguments also arrive on stdin as JSON; this one reads only its argv.
sleep 1
case "$1" in
    Tokyo) echo '{"location": "Tokyo", "temperature": 22, "condition": "sunny"}' ;;
    Seattle) echo '{"location": "Seattle", "temperature": 15, "condition": "cloudy"}' ;;
    *) echo "no weather station in $1" >&2; exit 3 ;;
esac
