from custnote.cli.completion import main

main()
