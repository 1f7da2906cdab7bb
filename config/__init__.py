import os

from .celery import app as celery_app

# implicit's ALS wants single-threaded BLAS (a BLAS thread pool fights its own threads) and warns
# on the console when any loaded BLAS has more than one thread. The engine's scoped threadpoolctl
# limit covers only the libraries loaded when it first ran (scipy's OpenBLAS comes later, with
# implicit), and in a web process that trains in a background thread a request leaving its limit
# would hand BLAS its threads back mid-fit. OpenBLAS, numpy's copy and scipy's alike, reads these
# once, when it is loaded; manage.py, wsgi, asgi and Celery import config before anything loads numpy.
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__all__ = ("celery_app",)
