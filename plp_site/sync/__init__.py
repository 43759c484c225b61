"""Students' own Git repositories: the school's roster of them, and `plp sync`, which clones or fast-forwards each
one into students/<id>/ with the `git` command and whatever credentials the machine already has.

One job per module: `roster` (roster.yml: read and checked), `addresses` (which repository addresses are
accepted), `git` (running git safely, with a time limit), `failures` (git's complaints as findings), `student`
(one student's clone or update), `pool` (many students at once) and `summary` (what the command reports).
"""
