#!/bin/sh
# Make the game's small UI sounds from synthesis with SoX (no recordings, so CC0).
#   sh tools/art/make_sounds.sh        (needs: apt-get install sox libsox-fmt-all)
# Output: assets/sounds/{click,paper,stamp,type}.ogg, mono 44.1 kHz Vorbis, peaks at -14 dBFS or lower.
# -R makes SoX's noise generators repeatable, so a rerun gives the same sounds.
set -eu
cd "$(dirname "$0")/../.."
OUT=assets/sounds
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SOX="sox -R -V1"
R="-r 44100 -c 1"

# click: a soft, short wooden tick for selecting a choice (a damped 1.1 kHz blip and a breath of noise)
$SOX -n $R "$T/c1.wav" synth 0.06 sine 1100 fade h 0 0.06 0.058
$SOX -n $R "$T/c2.wav" synth 0.06 pinknoise fade h 0 0.06 0.056 lowpass 2500 gain -10
$SOX -m "$T/c1.wav" "$T/c2.wav" $R "$T/click.wav" lowpass 3200 norm -18
$SOX "$T/click.wav" -C 3 "$OUT/click.ogg"

# paper: a sheet drawn and turned, two bursts of band-passed noise with a ragged amplitude
$SOX -n $R "$T/p1.wav" synth 0.16 pinknoise highpass 1200 lowpass 7500 tremolo 23 70 fade q 0.02 0.16 0.08
$SOX -n $R "$T/p2.wav" synth 0.22 pinknoise highpass 900 lowpass 6000 tremolo 31 85 fade q 0.01 0.22 0.14
$SOX "$T/p1.wav" "$T/p2.wav" $R "$T/paper.wav" norm -16
$SOX "$T/paper.wav" -C 3 "$OUT/paper.ogg"

# stamp: a rubber stamp coming down on a desk: a low damped thump under a short dull slap
$SOX -n $R "$T/s1.wav" synth 0.22 sine 85:55 fade h 0.002 0.22 0.2
$SOX -n $R "$T/s2.wav" synth 0.05 brownnoise lowpass 1200 fade h 0 0.05 0.045
$SOX -n $R "$T/s3.wav" synth 0.03 pinknoise highpass 2000 fade h 0 0.03 0.028 gain -12
$SOX -m -v 1 "$T/s1.wav" -v 0.8 "$T/s2.wav" -v 0.5 "$T/s3.wav" $R "$T/stamp.wav" norm -12
$SOX "$T/stamp.wav" -C 3 "$OUT/stamp.ogg"

# type: one typewriter key, a bright short strike with a little metal ring
$SOX -n $R "$T/t1.wav" synth 0.03 whitenoise highpass 1800 fade h 0 0.03 0.027
$SOX -n $R "$T/t2.wav" synth 0.05 sine 2900 fade h 0 0.05 0.048 gain -14
$SOX -n $R "$T/t3.wav" synth 0.04 sine 180 fade h 0 0.04 0.036 gain -8
$SOX -m "$T/t1.wav" "$T/t2.wav" "$T/t3.wav" $R "$T/type.wav" norm -16
$SOX "$T/type.wav" -C 3 "$OUT/type.ogg"

for f in click paper stamp type; do
  printf '%-10s %6s bytes  %ss\n' "$f.ogg" "$(wc -c < "$OUT/$f.ogg")" "$(soxi -D "$OUT/$f.ogg")"
done
