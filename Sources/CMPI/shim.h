// Open MPI (Debian's libopenmpi-dev), the transport of data-parallel training.
#include <mpi.h>

// Open MPI spells its predefined handles as macros over addresses of globals, which Swift
// cannot import; these functions hand them over.
static inline MPI_Comm pleura_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype pleura_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype pleura_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype pleura_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype pleura_mpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Op pleura_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op pleura_mpi_max(void) { return MPI_MAX; }
static inline MPI_Errhandler pleura_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Request pleura_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *pleura_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Status *pleura_mpi_statuses_ignore(void) { return MPI_STATUSES_IGNORE; }
static inline void *pleura_mpi_in_place(void) { return MPI_IN_PLACE; }
