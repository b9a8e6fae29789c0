// Package archive opens the archives that sites publish their attachments
// in — zip, RAR and 7z — into the files they hold, so that each file can
// be sniffed and ingested as a document of its own.
//
// Open never trusts an archive: it takes at most Limits.Members files,
// inflates at most Limits.Total bytes in all and Limits.Member bytes for
// one file, and stops a member whose inflated size runs past Limits.Ratio
// times the archive's own size (a zip bomb), whatever the headers declare.
// Archives inside archives are opened too, to Limits.Depth levels; their
// members are named with the path through them: inner.zip!/附件1.docx. A
// member that cannot be read is returned with its error, and the others
// are still read. Member names that an archiver wrote in GBK without
// saying so (Chinese Windows archivers do) are decoded.
//
// The package knows no document formats beyond telling an archive from
// other files by its first bytes, and runs no external program.
package archive
