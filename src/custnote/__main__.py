from custnote.cli.app import main

main()
