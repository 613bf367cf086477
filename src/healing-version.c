/*
 * Copyright 2026 The libhealing authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "healing-version.h"

/**
 * healing_get_major_version:
 *
 * Returns the major version of the libhealing library in use at run time.
 *
 * Returns: the major version
 */
guint
healing_get_major_version (void)
{
  return HEALING_MAJOR_VERSION;
}

/**
 * healing_get_minor_version:
 *
 * Returns the minor version of the libhealing library in use at run time.
 *
 * Returns: the minor version
 */
guint
healing_get_minor_version (void)
{
  return HEALING_MINOR_VERSION;
}

/**
 * healing_get_micro_version:
 *
 * Returns the micro version of the libhealing library in use at run time.
 *
 * Returns: the micro version
 */
guint
healing_get_micro_version (void)
{
  return HEALING_MICRO_VERSION;
}
