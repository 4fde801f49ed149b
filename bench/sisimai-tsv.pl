#!/usr/bin/perl
# sisimai-tsv.pl - the Sisimai side of bounce-reader-vs-sisimai.sh: decode every message in a directory
# (Sisimai's Maildir reader: the files directly in it) and print one TSV row per decoded recipient, like
# `backstop inspect --format tsv`. Works with Sisimai 4 (Debian's libsisimai-perl, make()) and 5 (rise()).
#
# usage: perl sisimai-tsv.pl [--lib DIR] DIR > out.tsv      (--lib: a Sisimai checkout's lib/ first in @INC)
use strict;
use warnings;
use File::Basename qw(basename);

my $lib;
if (@ARGV >= 2 && $ARGV[0] eq '--lib') { shift @ARGV; $lib = shift @ARGV; }
unshift @INC, $lib if defined $lib;
require Sisimai;

my $dir = shift @ARGV or die "usage: $0 [--lib DIR] DIR\n";
-d $dir or die "$dir: not a directory\n";

my $rise = Sisimai->can('rise') ? 1 : 0;
my $records = $rise ? Sisimai->rise($dir, 'delivered' => 1, 'vacation' => 1)
                    : Sisimai->make($dir, 'delivered' => 1);
$records ||= [];

sub clean { my $v = shift; $v = '' unless defined $v; $v =~ s/[\t\r\n]+/ /g; return $v; }

print join("\t", qw(file recipient status replycode reason hardbounce)), "\n";
for my $e (@$records) {
    my $hard = $e->can('hardbounce') ? ($e->hardbounce ? 1 : 0)
             : ((($e->softbounce // -1) == 0) ? 1 : 0);     # v4: softbounce 0 = hard, 1 = soft, -1 = n/a
    print join("\t", clean(basename($e->origin // '')),
                     clean($e->recipient ? $e->recipient->address : ''),
                     clean($e->deliverystatus), clean($e->replycode), clean($e->reason), $hard), "\n";
}
printf STDERR "# Sisimai %s (%s): %d records from %s\n", Sisimai->version, ($rise ? 'rise' : 'make'),
    scalar(@$records), $dir;
