module github.com/budgetx/budgetx

go 1.26.0

require (
	github.com/PuerkitoBio/goquery v1.13.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/richardlehane/mscfb v1.0.9
	github.com/spf13/cobra v1.10.2
	github.com/temoto/robotstxt v1.1.2
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/net v0.62.0
	golang.org/x/sync v0.25.0
	golang.org/x/text v0.44.0
)

require (
	github.com/andybalholm/cascadia v1.3.4 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/richardlehane/msoleps v1.0.6 // indirect
	github.com/spf13/pflag v1.0.9 // indirect
)
