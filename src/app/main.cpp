#include "app/Commands.h"

int main(int argc, char** argv) {
    return Limber::runCommandLine(argc, argv);
}
