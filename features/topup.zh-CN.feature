# language: zh-CN
@product:topup @lang:zh-CN
功能: 预付费充值缴费全程穿越
  余额已用完的预付费客户在一个渠道多次充值(API和网厅、掌厅在线支付,营业厅现金缴费,短信和热线用充值卡),
  检查充值5秒内到账、充值成功率不低于98%、充值成功后不再收到欠费提醒、到账短信、号码恢复使用,以及余额精确到分。
  没有退订环节:充值不可撤回,退还未用余额不在本次穿越之内。

  场景大纲: 在<channel>渠道充值缴清欠费
    假如 一位余额已用完、使用<channel>渠道的预付费新客户
    而且 欠费提醒已收到且宽限期内未缴费

    # 订购
    当 客户按运营商为该渠道设定的次数充值
    那么 充值成功率达到标准 [TOP-SUCCESS]
    而且 营业厅每笔充值受理在标准时长内完成 [ORD-COUNTER-5MIN]

    # 开通
    那么 每笔充值按时到账 [TOP-CREDIT-5S]
    而且 每笔充值后按时收到到账短信 [TOP-NOTICE]

    # 使用
    当 客户再次通话和上网
    那么 通话和上网恢复可用 [USE-WORKS]

    # 计费
    那么 余额等于期初余额加充值减扣费 [TOP-BALANCE]
    当 客户度过接下来的几天
    那么 余额缴清后不再收到欠费提醒 [TOP-NO-ARREARS]

    @channel:api
    例子: API
      | channel |
      | api     |

    @channel:web
    例子: 网上营业厅
      | channel |
      | web     |

    @channel:mobile
    例子: 掌上营业厅
      | channel |
      | mobile  |

    @channel:counter
    例子: 营业厅
      | channel |
      | counter |

    @channel:hotline
    例子: 热线语音菜单
      | channel |
      | hotline |

    @channel:sms
    例子: 短信营业厅
      | channel |
      | sms     |

  @cross-channel
  场景: 同一客户在各渠道查询到的余额一致
    假如 一位余额已用完、在销售充值的每个渠道查询的预付费新客户
    当 客户在第一个渠道缴清欠费
    而且 客户在其他每个渠道依次充值一次,再在第一个渠道充值一次
    那么 每次充值后各渠道显示的余额一致 [TOP-SAME-BALANCE]
