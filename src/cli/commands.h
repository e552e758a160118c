// The sub-commands of `cronaca`. Each is a thin adapter over the library:
// it parses its arguments, calls the engine and talks to the user.
#pragma once

namespace cronaca::cli {

int analyze(int argc, char** argv);
int ingest(int argc, char** argv);
int query(int argc, char** argv);
int export_store(int argc, char** argv);

}  // namespace cronaca::cli
