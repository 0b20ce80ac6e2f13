"""`python -m crawler.cli`: the same program as the `civcas` console script."""

from crawler.cli.app import run

if __name__ == "__main__":
    run()
