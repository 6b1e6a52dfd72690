from mockloop.cli.main import run

run()
