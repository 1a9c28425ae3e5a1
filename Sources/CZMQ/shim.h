// ZeroMQ, the transport of the Jupyter messaging protocol (Debian's libzmq3-dev).
#include <zmq.h>
