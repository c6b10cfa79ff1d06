from policylib.cli import main

main()
