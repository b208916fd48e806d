// The greeting Handler built as a CGI program: main() is cgi_main(), which
// reads the meta-variables and stdin, calls the Handler once, prints the CGI
// response and exits. cgi_server mounts it at /cgi-bin/hello-cpp.
//
// Run by hand it is not a CGI script yet (no REQUEST_METHOD), and says so:
//
//   ./build/reference/example_03_hello_cgi
//   REQUEST_METHOD=GET SCRIPT_NAME=/hi PATH_INFO=/ada ./build/reference/example_03_hello_cgi

#include "greeting.hpp"
#include "minifw/cgi/program.hpp"

int main() { return minifw::cgi::cgi_main(examples::greet); }
