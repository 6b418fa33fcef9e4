#!/usr/bin/env python3
"""quotecite on Apache Spark: every partition of a JSON Lines collection is piped through
one quotecite process, and the results (one JSON line per input line: the article's
quotations, or an error record) are written as a text dataset.

    python3 examples/spark/quotes.py INPUT.jsonl OUTPUT_DIR [--bin PATH] [--partitions N]
                                     [--master local[2]]

INPUT may be a file, a folder or a glob, compressed or not (Spark reads .gz itself).
On a cluster, ship the quotecite binary to the workers (spark-submit --files, or install
it on every node) and give its path with --bin. quotecite reads standard input when it
has no path; --input-format jsonl makes an empty partition give no output at all.
quotecite exits with 1 when some documents could not be read (their error records are
in the output); RDD.pipe ignores the exit status unless checkCode=True.
"""
import argparse
import os
import shlex

from pyspark.sql import SparkSession


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input")
    p.add_argument("output")
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--bin", default=os.path.join(here, "..", "..", "target", "release", "quotecite"))
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--master", default="local[2]")
    args = p.parse_args()

    spark = (
        SparkSession.builder.master(args.master)
        .appName("quotecite")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    lines = spark.sparkContext.textFile(args.input, minPartitions=args.partitions)
    # One process per partition; each uses one thread, Spark runs the partitions in parallel.
    command = [os.path.abspath(args.bin), "extract", "--input-format", "jsonl", "--format", "jsonl", "-q", "-j", "1"]
    results = lines.pipe(shlex.join(command)).cache()
    results.saveAsTextFile(args.output)
    print(f"{args.input}: {lines.count()} input lines, {results.count()} results in {args.output}")
    spark.stop()


if __name__ == "__main__":
    main()
