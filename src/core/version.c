/* SPDX-License-Identifier: GPL-3.0-or-later */
/* version.c - run-time version of the linked library (compare with the header's). */
#include "core.h"

int tdm_version_number(void)
{
    return TDM_VERSION_NUMBER;
}

const char *tdm_version_string(void)
{
    return TDM_VERSION_STRING;
}
