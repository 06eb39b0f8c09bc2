module gowasm.test/testdata

go 1.19
