#include <gtest/gtest.h>

#include "model/date.h"

namespace cronaca {
namespace {

TEST(DocDate, ParsesEachPrecision) {
  EXPECT_EQ(DocDate::parse("2022")->str(), "2022");
  EXPECT_EQ(DocDate::parse("2022-01")->str(), "2022-01");
  EXPECT_EQ(DocDate::parse("2022-01-07")->str(), "2022-01-07");
  EXPECT_EQ(DocDate::parse("2022-01-07T10:30")->str(), "2022-01-07T10:30");
  EXPECT_EQ(DocDate::parse("2022-01-07 10:30:15")->str(), "2022-01-07T10:30");
  EXPECT_EQ(DocDate::parse("2022-01-07T10:30:15Z")->str(), "2022-01-07T10:30");
  EXPECT_EQ(DocDate::parse("2022-01-07T10:30:15+01:00")->precision, DatePrecision::Minute);
}

TEST(DocDate, RefusesImpossibleDates) {
  EXPECT_FALSE(DocDate::parse("2022-13"));
  EXPECT_FALSE(DocDate::parse("2022-02-30"));
  EXPECT_TRUE(DocDate::parse("2024-02-29"));
  EXPECT_FALSE(DocDate::parse("2023-02-29"));
  EXPECT_FALSE(DocDate::parse("22-01"));
  EXPECT_FALSE(DocDate::parse("2022/01"));
  EXPECT_FALSE(DocDate::parse("2022-01-07T25:00"));
  EXPECT_FALSE(DocDate::parse(""));
}

}  // namespace
}  // namespace cronaca
