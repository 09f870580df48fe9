package reportstest

import "testing"

// BenchmarkMakeDirectory measures what the lists add to the generation of
// a data set: the directory of users, mailboxes, folders and tags, with
// their counts over the data set's conversations.
func BenchmarkMakeDirectory(b *testing.B) {
	d := sharedDataset(DefaultSeed, defaultNow)
	b.ReportAllocs()
	for b.Loop() {
		d.makeDirectory()
	}
}
