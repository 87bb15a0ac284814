"""The pure rules core: model, rules, utilities and analysis. No I/O, clock or global random."""
