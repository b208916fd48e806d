"""./course bench --peers: the framework's TechEmpower app against the peers learners know.

peers.py knows each peer (how to start it, what it needs, which tests it
serves), check.py checks a peer's answers by TechEmpower's rules before
anything is measured, load.py drives wrk and the idle-connection count, and
report.py writes the table, the SVG chart and the framework's targets against them.
"""
