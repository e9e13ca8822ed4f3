from coproduce.cli import main

raise SystemExit(main())
